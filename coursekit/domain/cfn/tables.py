"""Lookup tables for the structural rules: physical-name properties, external
artifacts, snapshot properties and the transforms AWS hosts everywhere."""

from __future__ import annotations

#: type -> properties that set a physical name CloudFormation would otherwise
#: generate. Names that must be unique per account collide on re-deploy; S3
#: bucket names are global and keep colliding while the lab bucket exists.
PHYSICAL_NAMES: dict[str, tuple[str, ...]] = {
    "AWS::S3::Bucket": ("BucketName",),
    "AWS::IAM::Role": ("RoleName",),
    "AWS::IAM::InstanceProfile": ("InstanceProfileName",),
    "AWS::IAM::ManagedPolicy": ("ManagedPolicyName",),
    "AWS::IAM::User": ("UserName",),
    "AWS::IAM::Group": ("GroupName",),
    "AWS::DynamoDB::Table": ("TableName",),
    "AWS::DynamoDB::GlobalTable": ("TableName",),
    "AWS::Lambda::Function": ("FunctionName",),
    "AWS::Serverless::Function": ("FunctionName",),
    "AWS::SQS::Queue": ("QueueName",),
    "AWS::SNS::Topic": ("TopicName",),
    "AWS::RDS::DBInstance": ("DBInstanceIdentifier",),
    "AWS::RDS::DBCluster": ("DBClusterIdentifier",),
    "AWS::RDS::DBSubnetGroup": ("DBSubnetGroupName",),
    "AWS::ECS::Cluster": ("ClusterName",),
    "AWS::EKS::Cluster": ("Name",),
    "AWS::ECR::Repository": ("RepositoryName",),
    "AWS::Logs::LogGroup": ("LogGroupName",),
    "AWS::SecretsManager::Secret": ("Name",),
    "AWS::StepFunctions::StateMachine": ("StateMachineName",),
    "AWS::Kinesis::Stream": ("Name",),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("Name",),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ("Name",),
    "AWS::ElasticLoadBalancing::LoadBalancer": ("LoadBalancerName",),
    "AWS::EC2::KeyPair": ("KeyName",),
    "AWS::EC2::LaunchTemplate": ("LaunchTemplateName",),
    "AWS::EC2::SecurityGroup": ("GroupName",),
    "AWS::AutoScaling::AutoScalingGroup": ("AutoScalingGroupName",),
    "AWS::ElastiCache::ReplicationGroup": ("ReplicationGroupId",),
    "AWS::OpenSearchService::Domain": ("DomainName",),
    "AWS::Cognito::UserPoolDomain": ("Domain",),
    "AWS::SSM::Parameter": ("Name",),
    "AWS::Events::Rule": ("Name",),
}

#: type -> property paths naming code/templates stored outside the template.
ARTIFACTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "AWS::Lambda::Function": (("Code", "S3Bucket"), ("Code", "ImageUri")),
    "AWS::Lambda::LayerVersion": (("Content", "S3Bucket"),),
    "AWS::Serverless::Function": (("CodeUri",), ("ImageUri",)),
    "AWS::Serverless::LayerVersion": (("ContentUri",),),
    "AWS::Serverless::Application": (("Location",),),
    "AWS::CloudFormation::Stack": (("TemplateURL",),),
    "AWS::ElasticBeanstalk::ApplicationVersion": (("SourceBundle", "S3Bucket"),),
    "AWS::StepFunctions::StateMachine": (("DefinitionS3Location",),),
    "AWS::ApiGateway::RestApi": (("BodyS3Location",),),
    "AWS::Glue::Job": (("Command", "ScriptLocation"),),
}

#: Properties (anywhere under Properties) that restore from a snapshot of the lab account.
SNAPSHOT_KEYS = frozenset(
    {
        "DBSnapshotIdentifier",
        "SnapshotIdentifier",
        "DBClusterSnapshotIdentifier",
        "SnapshotId",
        "SnapshotArns",
        "SnapshotName",
        "SourceDBInstanceIdentifier",
    }
)

#: Transforms that AWS hosts in every account; anything else is a macro.
AWS_TRANSFORMS = frozenset(
    {
        "AWS::Serverless-2016-10-31",
        "AWS::LanguageExtensions",
        "AWS::CodeDeployBlueGreen",
        "AWS::SecretsManager-2020-07-23",
        "AWS::SecretsManager-2024-09-16",
        "AWS::Include",
    }
)
