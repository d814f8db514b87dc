# Inputs of the account stack: values are in ../environments/account.tfvars.

variable "region" {
  description = "AWS region of the state bucket, the ECR repository and the environments."
  type        = string
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) whose workflows may assume the CI roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, for example my-org/polls."
  }
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket holding every stack's Terraform state (globally unique)."
  type        = string
}

variable "ecr_repository_name" {
  description = "Name of the ECR repository for the polls image."
  type        = string
  default     = "polls"
}

variable "image_keep_count" {
  description = "Commit-tagged images kept in ECR; older ones expire. Must exceed the number of commits between a prod deploy and the rollback target you might want."
  type        = number
  default     = 200
}

variable "environments" {
  description = "Environments whose Terraform apply jobs (GitHub environments terraform-<name>) may assume the apply role."
  type        = list(string)
  default     = ["dev", "qa", "preprod", "prod"]
}
