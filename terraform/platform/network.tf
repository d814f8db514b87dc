# The environment's VPC across availability zones: public subnets for the NLB in front of
# ingress-nginx and the NAT gateways, private subnets for the nodes and pods (the VPC CNI gives
# pods VPC addresses, hence /20s), and database subnets with no route to the internet at all.

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  name = local.name
  cidr = var.vpc_cidr
  azs  = local.azs

  private_subnets  = [for i, _ in local.azs : cidrsubnet(var.vpc_cidr, 4, i)]
  public_subnets   = [for i, _ in local.azs : cidrsubnet(var.vpc_cidr, 8, i + 48)]
  database_subnets = [for i, _ in local.azs : cidrsubnet(var.vpc_cidr, 8, i + 52)]

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway

  # Database subnets get their own route table without a NAT or internet route.
  create_database_subnet_group       = true
  create_database_subnet_route_table = true

  # Where Kubernetes puts load balancers: internet-facing in public subnets (the NLB for
  # ingress-nginx), internal ones in private subnets.
  public_subnet_tags = {
    "kubernetes.io/role/elb" = 1
  }
  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = 1
  }
}
