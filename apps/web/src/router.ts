import { createRouter, createWebHistory } from 'vue-router';
import { session, homeRoute } from './session';
// The pages people open first come with the main bundle: measured in the browser test, loading
// the board as a chunk after the main bundle made it later (a second wave of script and style
// files before its API call). Every other page is its own chunk (the charts library comes with
// the charts page alone).
import LoginView from './views/LoginView.vue';
import BoardView from './views/BoardView.vue';
import InboxView from './views/InboxView.vue';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', component: LoginView, meta: { public: true } },
    { path: '/', redirect: () => homeRoute() },
    { path: '/board', component: BoardView },
    { path: '/inbox', component: InboxView },
    { path: '/notices/new', component: () => import('./views/IssueNoticeView.vue') },
    { path: '/notices/:id', component: () => import('./views/NoticeView.vue'), props: true },
    { path: '/reports', component: () => import('./views/ReportsView.vue') },
    { path: '/reports/:orgId/:period', component: () => import('./views/ReportView.vue'), props: true },
    { path: '/rankings', component: () => import('./views/RankingsView.vue') },
    { path: '/charts', component: () => import('./views/ChartsView.vue') },
    { path: '/conversations', component: () => import('./views/ConversationsView.vue') },
    { path: '/conversations/:id', component: () => import('./views/ConversationView.vue'), props: true },
    { path: '/pledges', component: () => import('./views/PledgesView.vue') },
    { path: '/pledges/:id', component: () => import('./views/PledgeView.vue'), props: true },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (to.path === '/login' && session.token) return homeRoute();
  return true;
});
