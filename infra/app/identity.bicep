// The one identity the function app runs as: the Functions host (deployment package, host
// storage), the service's own Table access, Key Vault references and App Insights ingestion.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = identity.id

@description('Client (application) ID of the identity, used by Azure.Identity and the Functions host.')
output clientId string = identity.properties.clientId

@description('Object (principal) ID of the identity, used by role assignments.')
output principalId string = identity.properties.principalId
