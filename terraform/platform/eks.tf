# The EKS cluster with one managed node group in the private subnets. Access is by EKS access
# entries only (no aws-auth ConfigMap): the administrators listed in the tfvars, and the CI
# deploy role limited to the app's namespace (ci_deploy.tf).

locals {
  admin_access_entries = {
    for i, arn in var.cluster_admin_arns : "admin-${i}" => {
      principal_arn = arn
      policy_associations = {
        cluster_admin = {
          policy_arn   = "arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.19.0"

  name               = local.name
  kubernetes_version = var.kubernetes_version

  # Deploy jobs run on GitHub-hosted runners, outside the VPC; IAM still guards every call.
  endpoint_public_access       = true
  endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
      # Enforces Kubernetes NetworkPolicies (the overlays limit polls' egress to the database
      # subnets); without it they are accepted and silently ignored.
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
    # Hands pods the credentials of the role associated with their service account.
    eks-pod-identity-agent = {
      before_compute = true
    }
    # AWS Secrets and Configuration Provider with the Secrets Store CSI driver: mounts the app
    # secret (app_secret.tf) into the polls pods with their own Pod Identity. syncSecret lets a
    # SecretProviderClass mirror it into a Kubernetes Secret, for DATABASE_URL and SECRET_KEY
    # as environment variables.
    aws-secrets-store-csi-driver-provider = {
      configuration_values = jsonencode({
        "secrets-store-csi-driver" = {
          syncSecret = { enabled = true }
        }
      })
    }
  }

  eks_managed_node_groups = {
    default = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.node_instance_types
      capacity_type  = var.node_capacity_type

      min_size     = var.node_min_size
      max_size     = var.node_max_size
      desired_size = var.node_desired_size
    }
  }

  enable_cluster_creator_admin_permissions = false
  access_entries                           = merge(local.admin_access_entries, local.ci_deploy_access_entry)
}
