# The account stack (terraform/account): once per AWS account, applied by an administrator.
# Replace the placeholders: your region, your GitHub repository, a bucket name of your own.
region              = "eu-west-1"
github_repository   = "my-org/polls"
state_bucket_name   = "my-org-polls-terraform-state"
ecr_repository_name = "polls"
