# file() paths without ${path.module} are relative to the root module (Terraform's working directory).
resource "azurerm_api_management_api_policy" "catalog" {
  api_name            = "catalog"
  api_management_name = "apim-demo"
  resource_group_name = "rg-demo"
  xml_content         = file("policies/catalog.xml")
}

resource "azurerm_api_management_api_policy" "catalog_v2" {
  api_name            = "catalog-v2"
  api_management_name = "apim-demo"
  resource_group_name = "rg-demo"
  xml_content         = file("policies/catalog.xml")
}
