"""Images the pipeline runs on: the SageMaker XGBoost framework image of the region.

The registry accounts are those of the SageMaker Python SDK's image configuration
(sagemaker-xgboost 1.x). One image serves every step: training and evaluation need
XGBoost, and the preprocessing script needs nothing beyond Python 3.
Set PIPELINE_IMAGE_URI to use another image (for example a copy in your own ECR).
"""

XGBOOST_VERSION = "1.7-1"

XGBOOST_REGISTRIES = {
    "af-south-1": "510948584623",
    "ap-east-1": "651117190479",
    "ap-northeast-1": "354813040037",
    "ap-northeast-2": "366743142698",
    "ap-northeast-3": "867004704886",
    "ap-south-1": "720646828776",
    "ap-southeast-1": "121021644041",
    "ap-southeast-2": "783357654285",
    "ca-central-1": "341280168497",
    "eu-central-1": "492215442770",
    "eu-north-1": "662702820516",
    "eu-south-1": "978288397137",
    "eu-west-1": "141502667606",
    "eu-west-2": "764974769150",
    "eu-west-3": "659782779980",
    "me-south-1": "801668240914",
    "sa-east-1": "737474898029",
    "us-east-1": "683313688378",
    "us-east-2": "257758044811",
    "us-west-1": "746614075791",
    "us-west-2": "246618743249",
}


def xgboost_image_uri(region, version=XGBOOST_VERSION):
    """The SageMaker XGBoost image URI in `region`; a clear error for a region not listed."""
    account = XGBOOST_REGISTRIES.get(region)
    if account is None:
        raise ValueError(
            f"no SageMaker XGBoost image registry known for region {region!r}; "
            "set PIPELINE_IMAGE_URI to the image to use"
        )
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"{account}.dkr.ecr.{region}.{suffix}/sagemaker-xgboost:{version}"
