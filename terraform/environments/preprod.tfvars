# preprod: prod's shape at a smaller size, so that a release meets Multi-AZ failover, NAT per
# zone and deletion protection before prod does.
environment       = "preprod"
region            = "eu-west-1"
github_repository = "my-org/polls"
app_namespace     = "polls-preprod"

# Who may administer the cluster (kubectl as cluster-admin): your administrators' roles.
cluster_admin_arns = ["arn:aws:iam::123456789012:role/polls-admin"]

vpc_cidr           = "10.30.0.0/16"
single_nat_gateway = false

node_instance_types = ["t3.medium"]
node_capacity_type  = "ON_DEMAND"
node_min_size       = 2
node_max_size       = 4
node_desired_size   = 2

db_instance_class        = "db.t4g.small"
db_multi_az              = true
db_deletion_protection   = true
db_backup_retention_days = 7
