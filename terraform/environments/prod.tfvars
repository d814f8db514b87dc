# prod: survives the loss of a zone (NAT per zone, nodes across zones, Multi-AZ database),
# cannot be deleted by accident, and keeps two weeks of point-in-time recovery.
environment       = "prod"
region            = "eu-west-1"
github_repository = "my-org/polls"
app_namespace     = "polls-prod"

# Who may administer the cluster (kubectl as cluster-admin): your administrators' roles.
cluster_admin_arns = ["arn:aws:iam::123456789012:role/polls-admin"]

vpc_cidr           = "10.40.0.0/16"
single_nat_gateway = false

node_instance_types = ["t3.large"]
node_capacity_type  = "ON_DEMAND"
node_min_size       = 3
node_max_size       = 6
node_desired_size   = 3

db_instance_class        = "db.t4g.medium"
db_multi_az              = true
db_deletion_protection   = true
db_backup_retention_days = 14
