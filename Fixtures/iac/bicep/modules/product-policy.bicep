param apimName string
param productName string
param policyXml string

resource policy 'Microsoft.ApiManagement/service/products/policies@2023-05-01-preview' = {
  name: '${apimName}/${productName}/policy'
  properties: {
    format: 'rawxml'
    value: policyXml
  }
}
