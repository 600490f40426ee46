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
    # Completed for issue 12 (names unique per account/region, or global).
    "AWS::ElasticBeanstalk::Application": ("ApplicationName",),
    "AWS::ElasticBeanstalk::Environment": ("EnvironmentName", "CNAMEPrefix"),
    "AWS::CodeDeploy::Application": ("ApplicationName",),
    "AWS::CodeDeploy::DeploymentGroup": ("DeploymentGroupName",),
    "AWS::Backup::BackupVault": ("BackupVaultName",),
    "AWS::CodeBuild::Project": ("Name",),
    "AWS::CodePipeline::Pipeline": ("Name",),
    "AWS::ECS::Service": ("ServiceName",),
    "AWS::Glue::Job": ("Name",),
    "AWS::Glue::Crawler": ("Name",),
    "AWS::Athena::WorkGroup": ("Name",),
    "AWS::KMS::Alias": ("AliasName",),
    "AWS::ElastiCache::CacheCluster": ("ClusterName",),
    "AWS::Events::EventBus": ("Name",),
    "AWS::Scheduler::Schedule": ("Name",),
    "AWS::KinesisFirehose::DeliveryStream": ("DeliveryStreamName",),
    "AWS::Redshift::Cluster": ("ClusterIdentifier",),
    "AWS::DocDB::DBCluster": ("DBClusterIdentifier",),
    "AWS::Neptune::DBCluster": ("DBClusterIdentifier",),
    "AWS::SageMaker::NotebookInstance": ("NotebookInstanceName",),
    "AWS::CloudWatch::Alarm": ("AlarmName",),
    "AWS::CloudWatch::Dashboard": ("DashboardName",),
    "AWS::CloudTrail::Trail": ("TrailName",),
    "AWS::Cloud9::EnvironmentEC2": ("Name",),
}

#: Explicit names that are global (every account shares them), so they keep
#: colliding with the lab's resource while it exists: blocking, not warning.
GLOBAL_NAMES = frozenset(
    {
        ("AWS::S3::Bucket", "BucketName"),
        ("AWS::ElasticBeanstalk::Environment", "CNAMEPrefix"),
    }
)

#: type -> properties (a path; "*" for every list item) that take the name or
#: ARN of an IAM role or instance profile that must already exist. A literal
#: there names something the lab account provided (LabRole, or a role a lab's
#: setup stack made, such as "CafeRole").
ROLE_PROPERTIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "AWS::EC2::Instance": (("IamInstanceProfile",),),
    "AWS::EC2::LaunchTemplate": (
        ("LaunchTemplateData", "IamInstanceProfile", "Name"),
        ("LaunchTemplateData", "IamInstanceProfile", "Arn"),
    ),
    "AWS::AutoScaling::LaunchConfiguration": (("IamInstanceProfile",),),
    "AWS::Lambda::Function": (("Role",),),
    "AWS::Serverless::Function": (("Role",),),
    "AWS::IAM::InstanceProfile": (("Roles", "*"),),
    "AWS::ECS::TaskDefinition": (("ExecutionRoleArn",), ("TaskRoleArn",)),
    "AWS::StepFunctions::StateMachine": (("RoleArn",),),
    "AWS::CodeBuild::Project": (("ServiceRole",),),
    "AWS::CodePipeline::Pipeline": (("RoleArn",),),
    "AWS::EMR::Cluster": (("JobFlowRole",), ("ServiceRole",)),
    "AWS::EKS::Cluster": (("RoleArn",),),
    "AWS::EKS::Nodegroup": (("NodeRole",),),
    "AWS::Glue::Job": (("Role",),),
    "AWS::Glue::Crawler": (("Role",),),
    "AWS::SageMaker::NotebookInstance": (("RoleArn",),),
    "AWS::CodeDeploy::DeploymentGroup": (("ServiceRoleArn",),),
    "AWS::Events::Rule": (("RoleArn",),),
    "AWS::Scheduler::Schedule": (("Target", "RoleArn"),),
}

#: type -> properties that take a local file or folder which ``aws cloudformation
#: package`` / ``sam deploy`` uploads (they may also hold an S3 location).
LOCAL_ARTIFACTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "AWS::Lambda::Function": (("Code",),),
    "AWS::Lambda::LayerVersion": (("Content",),),
    "AWS::Serverless::Function": (("CodeUri",),),
    "AWS::Serverless::LayerVersion": (("ContentUri",),),
    "AWS::Serverless::Api": (("DefinitionUri",),),
    "AWS::Serverless::HttpApi": (("DefinitionUri",),),
    "AWS::Serverless::StateMachine": (("DefinitionUri",),),
    "AWS::Serverless::GraphQLApi": (("SchemaUri",),),
    "AWS::Serverless::Application": (("Location",),),
    "AWS::CloudFormation::Stack": (("TemplateURL",),),
    "AWS::ElasticBeanstalk::ApplicationVersion": (("SourceBundle",),),
    "AWS::StepFunctions::StateMachine": (("DefinitionS3Location",),),
    "AWS::ApiGateway::RestApi": (("BodyS3Location",),),
    "AWS::ApiGatewayV2::Api": (("BodyS3Location",),),
    "AWS::AppSync::GraphQLSchema": (("DefinitionS3Location",),),
    "AWS::AppSync::Resolver": (
        ("RequestMappingTemplateS3Location",),
        ("ResponseMappingTemplateS3Location",),
    ),
    "AWS::Glue::Job": (("Command", "ScriptLocation"),),
}

#: Stateful types -> the DeletionPolicy to advise (Snapshot where supported).
#: Source: CloudFormation user guide, DeletionPolicy attribute (checked 2026-11-30);
#: cfn-lint I3011 reports the same shape.
STATEFUL: dict[str, str] = {
    "AWS::RDS::DBInstance": "Snapshot",
    "AWS::RDS::DBCluster": "Snapshot",
    "AWS::EC2::Volume": "Snapshot",
    "AWS::ElastiCache::ReplicationGroup": "Snapshot",
    "AWS::ElastiCache::CacheCluster": "Snapshot",
    "AWS::Neptune::DBCluster": "Snapshot",
    "AWS::DocDB::DBCluster": "Snapshot",
    "AWS::Redshift::Cluster": "Snapshot",
    "AWS::S3::Bucket": "Retain",
    "AWS::DynamoDB::Table": "Retain",
    "AWS::DynamoDB::GlobalTable": "Retain",
    "AWS::EFS::FileSystem": "Retain",
    "AWS::FSx::FileSystem": "Retain",
    "AWS::OpenSearchService::Domain": "Retain",
    "AWS::ECR::Repository": "Retain",
    "AWS::Cognito::UserPool": "Retain",
    "AWS::Logs::LogGroup": "Retain",
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
