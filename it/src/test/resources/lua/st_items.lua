-- Data for sharetable.loadfile in SharedModulesTest.
return {
	sword = { damage = 12 },
	list = { "a", "b", "c" },
}
