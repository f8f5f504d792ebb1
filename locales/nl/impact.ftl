# Impact dashboard: what each partnership and the network achieve.
