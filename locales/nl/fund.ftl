# Community fund projects: the projects, their reports and disbursements.
