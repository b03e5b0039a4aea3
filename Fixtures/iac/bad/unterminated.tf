resource "azurerm_api_management_api_policy" "p" {
  xml_content = <<XML
<policies>
  <inbound />
</policies>
