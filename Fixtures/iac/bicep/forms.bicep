// Forms real Bicep files use: escapes in '…' strings, workspaces, pipeline tokens, format 'xml'.
param apimName string = 'apim-demo'

// \' \\ \u{…} and \r\n are decoded before parsing; the finding still points into this line.
resource escaped 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {
  name: '${apimName}/orders/policy'
  properties: {
    format: 'rawxml'
    value: '<policies>\r\n<inbound><base /><set-header name="x-who" exists-action="override"><value>it\'s \\ \u{263A}</value></set-header><rate-limit calls="many" renewal-period="60" /></inbound>\r\n<backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'
  }
}

// A workspace-scoped API policy.
resource workspacePolicy 'Microsoft.ApiManagement/service/workspaces/apis/policies@2023-09-01-preview' = {
  name: '${apimName}/team-a/orders/policy'
  properties: {
    format: 'rawxml'
    value: '''
<policies>
  <inbound>
    <base />
    <set-backend-service base-url="#{ordersUrl}#" />
    <rate-limit calls="__RATE_CALLS__" renewal-period="60" />
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>
'''
  }
}

// format 'xml' is strict XML: the raw expression's quotes are an error.
resource strict 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {
  name: '${apimName}/strict/policy'
  properties: {
    format: 'xml'
    value: '<policies><inbound><base /><set-variable name="m" value="@(context.Request.Headers.GetValueOrDefault("x",""))" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'
  }
}
