import { EnvironmentMonitoringProduct } from '../../products/environment-monitoring';
import { synthProduct } from '../helpers';

test('synth', () => {
  const p = synthProduct(EnvironmentMonitoringProduct, 'environment-monitoring');
  require('fs').writeFileSync('/tmp/mon.json', JSON.stringify(p.json, null, 1));
  require('fs').writeFileSync('/tmp/mon-findings.json', JSON.stringify(p.findings, null, 1));
});
