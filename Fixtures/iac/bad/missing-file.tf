resource "azurerm_api_management_api_policy" "p" {
  api_name    = "a"
  xml_content = file("${path.module}/nope.xml")
}
