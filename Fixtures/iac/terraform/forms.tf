# The policy = [{ … }] list form of azurerm_api_management, and file() content taken raw.
resource "azurerm_api_management" "listed" {
  name                = "apim-listed"
  location            = "westeurope"
  resource_group_name = "rg-demo"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
  policy = [{
    xml_content = <<XML
<policies>
  <inbound>
    <set-hedaer name="x-env" exists-action="override"><value>dev</value></set-hedaer>
  </inbound>
  <backend><forward-request /></backend>
  <outbound />
  <on-error />
</policies>
XML
    xml_link = null
  }]
}

resource "azurerm_api_management_api_policy" "raw" {
  api_name            = "raw"
  api_management_name = "apim-demo"
  resource_group_name = "rg-demo"
  xml_content         = file("${path.module}/policies/raw.xml")
}
