# IAM for the polls pods by EKS Pod Identity: the role below is associated with the app's
# service account, so only pods running as that account get its credentials, and the role may
# read only this environment's app secret (for the Secrets Store CSI driver's AWS provider,
# which fetches it with the pod's identity).

module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "2.8.1"

  name            = "${local.name}-app"
  use_name_prefix = false
  description     = "polls pods in ${local.name}: read the app secret"

  attach_custom_policy = true
  policy_statements = [
    {
      sid       = "ReadAppSecret"
      actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      resources = [aws_secretsmanager_secret.app.arn]
    },
  ]

  associations = {
    polls = {
      cluster_name    = module.eks.cluster_name
      namespace       = var.app_namespace
      service_account = var.app_service_account
    }
  }
}
