import pulumi
import pulumi_aws as aws

zone = aws.route53.get_zone(name="example.org", private_zone=False)
cert = aws.acm.Certificate("site", domain_name=f"app.{zone.name}", validation_method="DNS")
record = aws.route53.Record("validation", zone_id=zone.zone_id,
                            name=cert.domain_validation_options[0].resource_record_name,
                            type=cert.domain_validation_options[0].resource_record_type,
                            records=[cert.domain_validation_options[0].resource_record_value], ttl=60)
aws.acm.CertificateValidation("site", certificate_arn=cert.arn, validation_record_fqdns=[record.fqdn])
pulumi.export("zone", zone.zone_id)
