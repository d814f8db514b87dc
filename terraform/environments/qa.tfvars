# qa: deployed after dev, with a reviewer's approval. Sized like dev; backups kept a little
# longer, since testers' data is worth a few days.
environment       = "qa"
region            = "eu-west-1"
github_repository = "my-org/polls"
app_namespace     = "polls-qa"

# Who may administer the cluster (kubectl as cluster-admin): your administrators' roles.
cluster_admin_arns = ["arn:aws:iam::123456789012:role/polls-admin"]

vpc_cidr           = "10.20.0.0/16"
single_nat_gateway = true

node_instance_types = ["t3.medium"]
node_capacity_type  = "SPOT"
node_min_size       = 1
node_max_size       = 3
node_desired_size   = 2

db_instance_class        = "db.t4g.micro"
db_multi_az              = false
db_deletion_protection   = false
db_backup_retention_days = 3
