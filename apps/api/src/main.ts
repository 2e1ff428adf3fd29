import { loadConfig } from '@docqa/core';
console.log(loadConfig().http.port);
