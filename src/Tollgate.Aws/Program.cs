// AWS API Gateway Lambda authorizer (custom runtime "bootstrap"): see docs/aws.md.
return await Tollgate.Aws.EntryPoint.RunAsync(args);
