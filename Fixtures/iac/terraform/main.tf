# Policies of an APIM instance written in Terraform (policycheck fixture).
variable "backend_url" {
  type = string
}

locals {
  cors_policy = <<XML
<policies>
  <inbound>
    <base />
    <cors allow-credentials="false">
      <allowed-origins><origin>${var.backend_url}</origin></allowed-origins>
    </cors>
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>
XML
}

resource "azurerm_api_management" "apim" {
  name                = "apim-demo"
  location            = "westeurope"
  resource_group_name = "rg"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"

  policy {
    xml_content = <<-XML
      <policies>
        <inbound>
          <base />
        </inbound>
        <backend>
          <forward-request />
        </backend>
        <outbound />
        <on-error />
      </policies>
    XML
  }
}

resource "azurerm_api_management_api_policy" "orders" {
  api_name            = "orders"
  api_management_name = azurerm_api_management.apim.name
  resource_group_name = "rg"
  xml_content         = local.cors_policy
}

resource "azurerm_api_management_api_operation_policy" "get_order" {
  api_name            = "orders"
  api_management_name = azurerm_api_management.apim.name
  resource_group_name = "rg"
  operation_id        = "get-order"
  xml_content         = "<policies><inbound><base /><set-variable name=\"id\" value=\"@(context.Request.MatchedParameters[\"id\"])\" /><rate-limit calls=\"ten\" renewal-period=\"60\" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>"
}

resource "azurerm_api_management_product_policy" "starter" {
  product_id          = "starter"
  api_management_name = azurerm_api_management.apim.name
  resource_group_name = "rg"
  xml_content         = file("${path.module}/policies/starter.xml")
}

resource "azurerm_api_management_api_policy" "payments" {
  api_name            = "payments"
  api_management_name = azurerm_api_management.apim.name
  resource_group_name = "rg"
  xml_content = templatefile("${path.module}/policies/payments.xml.tftpl", {
    backend_id = "payments-backend"
    retries    = 3
  })
}

resource "azurerm_api_management_policy_fragment" "auth" {
  api_management_id = azurerm_api_management.apim.id
  name              = "auth"
  format            = "rawxml"
  value             = file("policies/auth-fragment.xml")
}
