# What the GitHub repository's variables and the platform stacks need from this stack.

output "ecr_repository_url" {
  description = "Image repository: GitHub variable ECR_REPOSITORY is its last path part."
  value       = module.ecr.repository_url
}

output "github_oidc_provider_arn" {
  description = "The account's GitHub OIDC provider."
  value       = module.github_oidc_provider.arn
}

output "ci_image_push_role_arn" {
  description = "GitHub variable AWS_IMAGE_ROLE_ARN."
  value       = module.ci_image_push_role.arn
}

output "ci_terraform_plan_role_arn" {
  description = "GitHub variable AWS_TERRAFORM_PLAN_ROLE_ARN."
  value       = module.ci_terraform_plan_role.arn
}

output "ci_terraform_apply_role_arn" {
  description = "GitHub variable AWS_TERRAFORM_APPLY_ROLE_ARN."
  value       = module.ci_terraform_apply_role.arn
}

output "state_bucket" {
  description = "The state bucket: the `bucket` of every ../environments/*.s3.tfbackend."
  value       = aws_s3_bucket.state.id
}
