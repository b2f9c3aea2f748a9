/**
 * The monitoring kit: the detective and responsive controls of one environment
 * (monitoring-product.ts), shared by the data science environment's monitoring
 * product and the staging/production deployment monitoring product.
 */
export * from './alerts';
export * from './audit-trail';
export * from './config-rules';
export * from './endpoint-policy-restore';
export * from './event-rules';
export * from './exports';
export * from './monitoring-product';
export * from './recorder';
export * from './remediation';
export * from './watched';
