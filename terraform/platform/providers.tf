# One AWS provider; every resource carries the project's and the environment's tags.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "polls"
      Environment = var.environment
      Stack       = "platform"
      ManagedBy   = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  # Regular zones only: local and wavelength zones lack EKS and Multi-AZ RDS.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  # Every name in an environment starts with this, so four environments share one account.
  name = "polls-${var.environment}"
  azs  = slice(data.aws_availability_zones.available.names, 0, var.availability_zone_count)
}
