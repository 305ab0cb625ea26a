terraform {
  required_version = ">= 1.5"

  # Anbieter: nur 4.x (Prüfung läuft noch)
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 4.0, < 5.0"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
  }
}
