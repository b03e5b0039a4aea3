resource p 'Microsoft.ApiManagement/service/policies@2023-05-01-preview' = {
  name: 'x/policy'
  properties: {
    value: '''
<policies>
  <inbound />
