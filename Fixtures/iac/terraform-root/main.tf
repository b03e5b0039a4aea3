module "policies" {
  source = "./modules/policies"
}
