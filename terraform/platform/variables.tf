# Inputs of the platform stack. Each environment sets them in ../environments/<env>.tfvars;
# the defaults are what every environment shares.

variable "environment" {
  description = "Environment name: dev, qa, preprod or prod."
  type        = string

  validation {
    condition     = contains(["dev", "qa", "preprod", "prod"], var.environment)
    error_message = "environment must be one of dev, qa, preprod, prod."
  }
}

variable "region" {
  description = "AWS region (the same as the account stack's, where the ECR repository is)."
  type        = string
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) whose deploy jobs may reach this cluster."
  type        = string
}

# ---- network ----

variable "vpc_cidr" {
  description = "The environment's VPC range; distinct per environment so that VPCs could be peered."
  type        = string
}

variable "availability_zone_count" {
  description = "Availability zones the subnets span (EKS needs at least 2; Multi-AZ RDS too)."
  type        = number
  default     = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway for the VPC (cheaper) instead of one per zone (survives a zone outage)."
  type        = bool
}

# ---- cluster ----

variable "kubernetes_version" {
  description = "EKS Kubernetes version, <major>.<minor>."
  type        = string
  default     = "1.33"
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "Addresses that may reach the cluster's API endpoint (every request still needs IAM). GitHub-hosted runners have no fixed range, so the deploy jobs need 0.0.0.0/0 unless you use self-hosted runners inside the VPC."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "cluster_admin_arns" {
  description = "IAM principals (for example an SSO administrator role) given cluster-admin on this cluster through EKS access entries. Without one, nobody could apply the namespace and the other one-time objects."
  type        = list(string)

  validation {
    condition     = length(var.cluster_admin_arns) > 0
    error_message = "cluster_admin_arns needs at least one administrator."
  }
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group (x86_64: the image is built for linux/amd64)."
  type        = list(string)
  default     = ["t3.medium"]
}

variable "node_capacity_type" {
  description = "ON_DEMAND, or SPOT for environments that can lose a node at short notice."
  type        = string
  default     = "ON_DEMAND"
}

variable "node_min_size" {
  description = "Fewest nodes in the managed node group."
  type        = number
}

variable "node_max_size" {
  description = "Most nodes in the managed node group."
  type        = number
}

variable "node_desired_size" {
  description = "Nodes at creation (the module ignores later changes, so an autoscaler can own it)."
  type        = number
}

variable "app_namespace" {
  description = "Kubernetes namespace polls runs in: the `namespace` of k8s/overlays/<env>."
  type        = string
}

variable "app_service_account" {
  description = "Kubernetes service account of the polls pods: the Pod Identity association gives it the app role."
  type        = string
  default     = "polls"
}

variable "ci_deploy_access_policy" {
  description = "EKS access policy of the CI deploy role, scoped to app_namespace. AmazonEKSEditPolicy manages the app's built-in namespaced objects; cluster-wide ones (the namespace itself, ingress-nginx) are applied once by a cluster admin."
  type        = string
  default     = "AmazonEKSEditPolicy"
}

variable "ci_deploy_kubernetes_group" {
  description = "Kubernetes group the CI deploy role belongs to, for RBAC beyond its access policy: access policies cover built-in kinds only, so a Role bound to this group in app_namespace lets it apply the SecretProviderClass."
  type        = string
  default     = "polls-deployers"
}

# ---- database ----

variable "db_engine_version" {
  description = "PostgreSQL major version on RDS; polls is tested against 15."
  type        = string
  default     = "15"
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "db_allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB."
  type        = number
  default     = 100
}

variable "db_multi_az" {
  description = "A synchronous standby in another zone (automatic failover)."
  type        = bool
}

variable "db_deletion_protection" {
  description = "Refuse to delete the database (and take a final snapshot if it is deleted anyway)."
  type        = bool
}

variable "db_backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery, 1 to 35."
  type        = number

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be 1 to 35: automated backups stay on in every environment."
  }
}
