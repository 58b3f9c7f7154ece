-- A snax service found through the "snax" config key, not the service path.
function response.where()
	return SERVICE_NAME, SERVICE_PATH
end
