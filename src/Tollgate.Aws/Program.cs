// AWS API Gateway Lambda authorizer (custom runtime "bootstrap"): see docs/aws.md.
return Tollgate.Aws.EntryPoint.Run(args);
