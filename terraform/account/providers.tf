# One AWS provider; every resource carries the project's tags.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "polls"
      Stack     = "account"
      ManagedBy = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
