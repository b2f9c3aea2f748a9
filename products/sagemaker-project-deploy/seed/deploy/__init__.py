"""The deploy project's build and smoke test, run by its CodePipeline."""
