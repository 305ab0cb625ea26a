# staging goes first
environment     = "staging"
cluster_version = "1.26"
