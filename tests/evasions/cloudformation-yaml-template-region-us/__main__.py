"""Evasion: a YAML CloudFormation template subscribes every log group to a destination in us-east-1."""

import pulumi
import pulumi_aws as aws

TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  CentralRegion:
    Type: String
    Default: us-east-1
Resources:
  AppLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /app/orders
      RetentionInDays: 30
  ShipToCentral:
    Type: AWS::Logs::SubscriptionFilter
    Properties:
      LogGroupName: !Ref AppLogs
      FilterPattern: ''
      DestinationArn: !Sub 'arn:aws:logs:${CentralRegion}:123456789012:destination:central'
"""

aws.cloudformation.Stack("leak-log-shipping-stack", name="log-shipping", template_body=TEMPLATE)
