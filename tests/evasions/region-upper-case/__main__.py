"""Evasion: a region name in upper case, hoping a checker folds case while AWS routes elsewhere."""

import pulumi
import pulumi_aws as aws

aws.s3.Bucket("leak-uploads", bucket="acme-uploads-upper", region="EU-WEST-3")
