import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import './style.css';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { restoreSession } from './session';

restoreSession();
createApp(App).use(i18n).use(router).mount('#app');
