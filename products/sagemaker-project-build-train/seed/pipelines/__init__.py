"""The project's SageMaker pipeline: definition, processing scripts and the runner the build calls."""
