"""The work plan's pages: plans (list, page, create, copy), tasks, measures and nodes,
and the Excel import. Fetch-and-authorise: a plan or task the user may not see answers 404."""
