# RDS PostgreSQL in the database subnets, reachable only from the cluster's nodes (where the
# polls pods run), TLS enforced, storage encrypted, automated backups always on. Multi-AZ and
# deletion protection are per environment (tfvars).
#
# The master password is made, stored and rotated by RDS in Secrets Manager
# (manage_master_user_password): it never passes through Terraform or its state. polls does
# not log in as the master user: an administrator creates a `polls` role once and writes the
# app's DATABASE_URL into the app secret (app_secret.tf; steps in the README).

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "PostgreSQL from the ${local.name} cluster nodes only"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_nodes" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from EKS nodes (the pods share their security group)"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = module.eks.node_security_group_id
}

module "db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "7.2.0"

  identifier = local.name

  engine               = "postgres"
  engine_version       = var.db_engine_version
  family               = "postgres${var.db_engine_version}"
  major_engine_version = var.db_engine_version
  instance_class       = var.db_instance_class

  storage_type          = "gp3"
  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_encrypted     = true

  db_name  = "polls"
  username = "polls_admin"
  port     = 5432

  manage_master_user_password = true

  db_subnet_group_name   = module.vpc.database_subnet_group_name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false

  multi_az                = var.db_multi_az
  deletion_protection     = var.db_deletion_protection
  backup_retention_period = var.db_backup_retention_days
  backup_window           = "03:00-04:00"
  maintenance_window      = "Sun:04:30-Sun:05:30"
  # A database that is protected is also worth a last snapshot if it is deleted anyway.
  skip_final_snapshot = !var.db_deletion_protection

  # PostgreSQL 15 on RDS accepts plain connections unless told otherwise; polls connects with
  # sslmode=verify-full (README), and this makes any other client do TLS too.
  parameters = [
    {
      name  = "rds.force_ssl"
      value = "1"
    },
  ]
  # PostgreSQL has no options to set; an option group would be empty.
  create_db_option_group = false

  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  create_cloudwatch_log_group     = true
}
