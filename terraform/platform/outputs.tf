# What the GitHub environment's variables and the administrator's one-time steps need.

output "cluster_name" {
  description = "GitHub environment variable EKS_CLUSTER_NAME."
  value       = module.eks.cluster_name
}

output "ci_deploy_role_arn" {
  description = "GitHub environment variable AWS_DEPLOY_ROLE_ARN."
  value       = module.ci_deploy_role.arn
}

output "app_secret_arn" {
  description = "Secrets Manager secret the pods read (DATABASE_URL, SECRET_KEY): the SecretProviderClass's objectName."
  value       = aws_secretsmanager_secret.app.arn
}

output "app_role_arn" {
  description = "IAM role of the polls pods (Pod Identity, service account app_namespace/app_service_account)."
  value       = module.app_pod_identity.iam_role_arn
}

output "db_address" {
  description = "RDS endpoint host name, for DATABASE_URL."
  value       = module.db.db_instance_address
}

output "db_port" {
  description = "RDS port."
  value       = module.db.db_instance_port
}

output "db_master_user_secret_arn" {
  description = "Secrets Manager secret RDS keeps the master user's password in (for the one-time role setup)."
  value       = module.db.db_instance_master_user_secret_arn
}
