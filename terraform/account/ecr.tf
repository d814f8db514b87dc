# The one ECR repository for the polls image. Every environment runs images from it, so an
# image is built once per commit and promoted by its tag (the commit SHA), never rebuilt.

module "ecr" {
  source  = "terraform-aws-modules/ecr/aws"
  version = "3.2.0"

  repository_name = var.ecr_repository_name

  # A tag is a commit SHA: it must always name the same image.
  repository_image_tag_mutability = "IMMUTABLE"
  repository_image_scan_on_push   = true
  repository_encryption_type      = "AES256"

  # Only the CI image role pushes; the clusters' nodes pull through their node role
  # (AmazonEC2ContainerRegistryReadOnly, attached by the EKS module), same account.
  repository_read_write_access_arns = [module.ci_image_push_role.arn]

  repository_lifecycle_policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Untagged layers and failed pushes go after a week"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest commit images (enough to roll any environment back)"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.image_keep_count
        }
        action = { type = "expire" }
      },
    ]
  })
}
