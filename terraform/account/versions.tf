# Terraform and provider versions for the account stack (applied once per AWS account).
terraform {
  # 1.11 made S3-native state locking (use_lockfile) generally available; 1.11.1 is also the
  # floor of the RDS module used by the platform stack, so both stacks ask for the same.
  required_version = ">= 1.11.1, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The terraform-aws-modules releases pinned here need >= 6.28.
      version = "~> 6.28"
    }
  }

  # Partial configuration: bucket, key and region come from
  # ../environments/account.s3.tfbackend (see the README's deployment guide for the first run,
  # which creates this bucket with local state and then moves the state into it).
  backend "s3" {}
}
