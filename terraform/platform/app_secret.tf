# The app's secret: one Secrets Manager secret per environment holding JSON with the two
# values polls reads from its environment, DATABASE_URL and SECRET_KEY. Terraform creates only
# the empty secret and who may read it (pod_identity.tf); an administrator puts the value in
# (README), so neither the database password nor the key ever sits in Terraform state.

resource "aws_secretsmanager_secret" "app" {
  name        = "polls/${var.environment}/app"
  description = "polls ${var.environment}: JSON {\"DATABASE_URL\": \"postgres://...\", \"SECRET_KEY\": \"...\"}"

  # A deleted secret can be restored for this many days.
  recovery_window_in_days = var.db_deletion_protection ? 30 : 7
}
