# GitHub Actions reaches AWS with short-lived OIDC tokens, never stored keys. This stack makes
# the account's GitHub OIDC provider (one per account) and the CI roles that are not tied to one
# environment. Each role trusts only this repository, and only the kind of job named in its
# subject (`sub` claim: repo:OWNER/NAME:pull_request, :ref:refs/heads/main or
# :environment:NAME), so a job in another repository, branch or environment cannot assume it.
# The per-environment deploy roles live in the platform stack, beside the cluster they reach.

module "github_oidc_provider" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-oidc-provider"
  version = "6.5.0"

  url = "https://token.actions.githubusercontent.com"
}

# Pushes commit images from main (.github/workflows/image.yml). The push rights themselves are
# granted by the repository policy (ecr.tf); this role may only log in to the registry.
module "ci_image_push_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "6.5.0"

  name            = "polls-ci-image-push"
  use_name_prefix = false
  description     = "GitHub Actions, main branch of ${var.github_repository}: push images to ECR"

  enable_github_oidc = true
  oidc_subjects      = ["${var.github_repository}:ref:refs/heads/main"]

  create_inline_policy = true
  inline_policy_permissions = {
    EcrLogin = {
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  depends_on = [module.github_oidc_provider]
}

# terraform plan on pull requests and on main (.github/workflows/terraform.yml): read-only, and
# plans run with -lock=false, so this role never writes the state either.
module "ci_terraform_plan_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "6.5.0"

  name            = "polls-ci-terraform-plan"
  use_name_prefix = false
  description     = "GitHub Actions, pull requests and main of ${var.github_repository}: terraform plan"

  enable_github_oidc = true
  oidc_subjects = [
    "${var.github_repository}:pull_request",
    "${var.github_repository}:ref:refs/heads/main",
  ]

  policies = {
    ReadOnlyAccess = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
  }

  depends_on = [module.github_oidc_provider]
}

# terraform apply of the platform stacks, only from jobs in the GitHub environments
# terraform-<env>, which require a reviewer's approval. Creating clusters, databases and IAM
# roles needs broad rights; in an AWS Organization, add a permissions boundary here. This
# account stack itself is applied by an administrator, never by CI: a CI role able to apply it
# could rewrite its own trust policy.
module "ci_terraform_apply_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "6.5.0"

  name            = "polls-ci-terraform-apply"
  use_name_prefix = false
  description     = "GitHub Actions, environments terraform-<env> of ${var.github_repository}: terraform apply"

  enable_github_oidc = true
  oidc_subjects      = [for env in var.environments : "${var.github_repository}:environment:terraform-${env}"]

  policies = {
    AdministratorAccess = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
  }

  depends_on = [module.github_oidc_provider]
}
