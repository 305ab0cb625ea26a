remote_state {
  backend = "s3"
  config = {
    bucket = "tfstate-platform"
    key    = "${path_relative_to_include()}/terraform.tfstate"
  }
}
