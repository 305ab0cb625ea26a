# prod: changes need a review by the platform team
environment     = "prod"
cluster_version = 1.27
