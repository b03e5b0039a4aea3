// Policies of an APIM instance written in Bicep (policycheck fixture).
param apimName string = 'apim-demo'
param backendUrl string

resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' existing = {
  name: apimName
}

// Global policy, inline: <base/> has nothing to inherit at global scope.
resource globalPolicy 'Microsoft.ApiManagement/service/policies@2023-05-01-preview' = {
  parent: apim
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: '<policies><inbound><base /><set-header name="x-env" exists-action="override"><value>${apimName}</value></set-header></inbound><backend><forward-request /></backend><outbound /><on-error /></policies>'
  }
}

resource ordersApi 'Microsoft.ApiManagement/service/apis@2023-05-01-preview' = {
  parent: apim
  name: 'orders'
  properties: {
    path: 'orders'
    displayName: 'Orders'
  }

  // A nested child written relative to its parent, with a ''' string.
  resource apiPolicy 'policies' = {
    name: 'policy'
    properties: {
      format: 'rawxml'
      value: '''
<policies>
  <inbound>
    <base />
    <set-backend-service base-url="${backendUrl}" />
    <rate-limit-by-key calls="10" renewal-period="60" counter-key="@(context.Request.IpAddress)" />
  </inbound>
  <backend>
    <forward-request timeout="30" />
  </backend>
  <outbound>
    <base />
    <set-hedaer name="x-served-by" exists-action="override"><value>orders</value></set-hedaer>
  </outbound>
  <on-error>
    <base />
  </on-error>
</policies>
'''
    }
  }
}

// loadTextContent: findings point into the .xml file.
resource productPolicy 'Microsoft.ApiManagement/service/products/policies@2023-05-01-preview' = {
  name: '${apimName}/starter/policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('product.xml')
  }
}

// replace(loadTextContent(...)) through a variable, then value: p
var operationXml = replace(loadTextContent('operation.xml'), '__TIMEOUT__', '20')

resource operationPolicy 'Microsoft.ApiManagement/service/apis/operations/policies@2023-05-01-preview' = {
  name: '${apimName}/orders/get-order/policy'
  properties: {
    format: 'rawxml'
    value: operationXml
  }
}

// '…' escapes decoded before parsing.
resource fragment 'Microsoft.ApiManagement/service/policyFragments@2023-05-01-preview' = {
  parent: apim
  name: 'cors-fragment'
  properties: {
    format: 'rawxml'
    value: '<fragment>\n  <cors allow-credentials="false">\n    <allowed-origins><origin>*</origin></allowed-origins>\n  </cors>\n  <set-variable name="who" value="@(context.User?.Email ?? "nobody")" />\n  <forward-request />\n</fragment>'
  }
}

// A policy passed to a module, in a [for] loop.
module products 'modules/product-policy.bicep' = [for name in ['gold', 'silver']: {
  name: 'product-${name}'
  params: {
    apimName: apimName
    productName: name
    policyXml: '<policies><inbound><base /><quota calls="100" renewal-period="3600" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'
  }
}]

// A link: noted, not linted.
resource linked 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {
  name: '${apimName}/linked/policy'
  properties: {
    format: 'rawxml-link'
    value: 'https://example.org/policy.xml'
  }
}
