-- "json" is lua-rapidjson under another name.
return require "rapidjson"
