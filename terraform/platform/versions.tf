# Terraform and provider versions for the platform stack (one state per environment).
terraform {
  # 1.11: S3-native state locking (use_lockfile) is generally available; 1.11.1 is the floor of
  # the RDS module 7.x (write-only attributes).
  required_version = ">= 1.11.1, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The terraform-aws-modules releases pinned here need >= 6.28.
      version = "~> 6.28"
    }
  }

  # Partial configuration: `terraform init -backend-config=../environments/<env>.s3.tfbackend`
  # picks the environment's state key in the shared state bucket.
  backend "s3" {}
}
