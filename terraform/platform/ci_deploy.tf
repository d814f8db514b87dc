# The role GitHub Actions assumes to deploy to this environment (.github/workflows/deploy.yml).
# Its trust names the GitHub environment, whose protection rules (reviewers for qa, preprod
# and prod) run before the job gets a token: repo:OWNER/NAME:environment:<env>. It may only
# describe this cluster (for kubeconfig); inside the cluster, its access entry limits it to
# the app's namespace: the access policy for built-in kinds, and RBAC for its group (a Role an
# administrator binds once, for the SecretProviderClass, a custom resource no access policy
# covers).

locals {
  # Spelt out rather than taken from module.eks, so that the role and the cluster's access
  # entries (which name the role) do not depend on each other.
  cluster_arn = "arn:${data.aws_partition.current.partition}:eks:${var.region}:${data.aws_caller_identity.current.account_id}:cluster/${local.name}"

  ci_deploy_access_entry = {
    ci-deploy = {
      principal_arn     = module.ci_deploy_role.arn
      kubernetes_groups = [var.ci_deploy_kubernetes_group]
      policy_associations = {
        app_namespace = {
          policy_arn = "arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/${var.ci_deploy_access_policy}"
          access_scope = {
            type       = "namespace"
            namespaces = [var.app_namespace]
          }
        }
      }
    }
  }
}

module "ci_deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "6.5.0"

  name            = "${local.name}-ci-deploy"
  use_name_prefix = false
  description     = "GitHub Actions, environment ${var.environment} of ${var.github_repository}: deploy to ${local.name}"

  # The account's GitHub OIDC provider is made by the account stack.
  enable_github_oidc = true
  oidc_subjects      = ["${var.github_repository}:environment:${var.environment}"]

  create_inline_policy = true
  inline_policy_permissions = {
    DescribeCluster = {
      actions   = ["eks:DescribeCluster"]
      resources = [local.cluster_arn]
    }
  }
}
